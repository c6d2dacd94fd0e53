namespace Vnetconf.Model;

/// <summary>A Linux kernel release, comparable, so expectations can say "since 6.2".</summary>
public readonly record struct KernelVersion(int Major, int Minor, int Patch) : IComparable<KernelVersion>
{
    /// <summary>The release string as the kernel reported it (e.g. "6.1.0-27-cloud-amd64"), from /proc/sys/kernel/osrelease.</summary>
    /// <remarks>Declared before <see cref="Running"/>: static initialisers run in the order they are written.</remarks>
    public static string RunningRelease { get; } = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

    /// <summary>The running kernel: <see cref="RunningRelease"/>, made precise by the build string where it says more.</summary>
    public static KernelVersion Running { get; } = OfBuild(RunningRelease, File.ReadAllText("/proc/sys/kernel/version"));

    /// <summary>
    /// The kernel's stable release: Debian names a kernel by its ABI ("6.1.0-57-cloud-amd64") and states the stable release
    /// only in the build string (/proc/sys/kernel/version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (…)"). A change
    /// backported within a stable series (<c>KernelChange.Backports</c> in the catalogue) can only be judged with the latter.
    /// </summary>
    public static KernelVersion OfBuild(string release, string build)
    {
        var named = Parse(release);
        var debian = build.IndexOf("Debian ", StringComparison.Ordinal);
        if (debian < 0) return named;
        var stable = Parse(build[(debian + "Debian ".Length)..]);
        return stable.Major == named.Major && stable.Minor == named.Minor ? stable : named;
    }

    /// <summary>Parses the leading "X.Y[.Z]" of a release string; anything after it (-rc1, -cloud-amd64) is ignored.</summary>
    public static KernelVersion Parse(string release)
    {
        var numbers = new int[3];
        var part = 0;
        foreach (var c in release)
        {
            if (char.IsAsciiDigit(c)) numbers[part] = numbers[part] * 10 + (c - '0');
            else if (c == '.' && part < 2) part++;
            else break;
        }
        if (part == 0) throw new FormatException($"'{release}' is not a kernel release (expected X.Y[.Z])");
        return new KernelVersion(numbers[0], numbers[1], numbers[2]);
    }

    public int CompareTo(KernelVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator >=(KernelVersion a, KernelVersion b) => a.CompareTo(b) >= 0;
    public static bool operator <=(KernelVersion a, KernelVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >(KernelVersion a, KernelVersion b) => a.CompareTo(b) > 0;
    public static bool operator <(KernelVersion a, KernelVersion b) => a.CompareTo(b) < 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";

    /// <summary>"6.2": how a mainline release that introduced a change is named.</summary>
    public string MajorMinor => $"{Major}.{Minor}";
}
