namespace Vnetconf.Guest;

/// <summary>A Debian release whose cloud kernel package can serve as the guest kernel.</summary>
/// <param name="Number">12, 13, …</param>
/// <param name="Suite">its codename, the apt suite: bookworm, trixie, …</param>
public sealed record DebianRelease(int Number, string Suite)
{
    public static readonly DebianRelease Bookworm = new(12, "bookworm");
    public static readonly DebianRelease Trixie = new(13, "trixie");

    private static readonly DebianRelease[] Known = [Bookworm, Trixie];

    /// <summary>Accepts a number ("13"), a codename ("trixie") or both spelled like "debian13".</summary>
    /// <exception cref="ArgumentException">a release this suite does not know</exception>
    public static DebianRelease Parse(string text)
    {
        var key = text.Trim().ToLowerInvariant();
        if (key.StartsWith("debian", StringComparison.Ordinal)) key = key["debian".Length..].TrimStart('-', ' ');
        return Known.FirstOrDefault(r => r.Suite == key || r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == key)
               ?? throw new ArgumentException(
                   $"unknown Debian release '{text}': use one of {string.Join(", ", Known.Select(r => $"{r.Number} ({r.Suite})"))}", nameof(text));
    }

    public override string ToString() => $"Debian {Number} ({Suite})";
}
