using System.Globalization;

namespace Vnetconf.Guest;

/// <summary>A Debian suite whose newest cloud kernel package (and QEMU) can serve a stack: a release or a backports or development suite.</summary>
/// <param name="Suite">the apt suite: bookworm, bookworm-backports, sid, …</param>
/// <param name="Number">the release's number (11, 12, 13) for a release and its backports; null for sid</param>
public sealed record DebianRelease(string Suite, int? Number)
{
    public static readonly DebianRelease Bullseye = new("bullseye", 11);
    public static readonly DebianRelease Bookworm = new("bookworm", 12);
    public static readonly DebianRelease BookwormBackports = new("bookworm-backports", 12);
    public static readonly DebianRelease Trixie = new("trixie", 13);
    public static readonly DebianRelease TrixieBackports = new("trixie-backports", 13);
    public static readonly DebianRelease Sid = new("sid", null);

    public static IReadOnlyList<DebianRelease> Known { get; } = [Bullseye, Bookworm, BookwormBackports, Trixie, TrixieBackports, Sid];

    /// <summary>A release's own suite is named by its number too; a backports suite only by name.</summary>
    public bool IsRelease => Number is not null && !Suite.Contains('-', StringComparison.Ordinal);

    /// <summary>A stack's short name: debian-12 for a release, the suite for the others.</summary>
    public string Label => IsRelease ? $"debian-{Number}" : Suite;

    /// <summary>Accepts a number ("13"), a suite ("trixie", "trixie-backports", "sid", "unstable") or "debian13".</summary>
    /// <exception cref="ArgumentException">a suite this suite does not know</exception>
    public static DebianRelease Parse(string text)
    {
        var key = text.Trim().ToLowerInvariant();
        if (key.StartsWith("debian", StringComparison.Ordinal)) key = key["debian".Length..].TrimStart('-', ' ');
        if (key == "unstable") key = Sid.Suite;
        return Known.FirstOrDefault(r => r.Suite == key || (r.IsRelease && r.Number!.Value.ToString(CultureInfo.InvariantCulture) == key))
               ?? throw new ArgumentException(
                   $"unknown Debian release '{text}': use one of {string.Join(", ", Known.Select(r => r.IsRelease ? $"{r.Number} ({r.Suite})" : r.Suite))}", nameof(text));
    }

    public override string ToString() => IsRelease ? $"Debian {Number} ({Suite})" : $"Debian {Suite}";
}
