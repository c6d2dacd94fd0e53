namespace Vnetconf.Scenarios;

/// <summary>A Linux kernel release, comparable, so expectations can say "since 6.2".</summary>
public readonly record struct KernelVersion(int Major, int Minor, int Patch) : IComparable<KernelVersion>
{
    /// <summary>The release string as the kernel reported it (e.g. "6.1.0-27-cloud-amd64"), from /proc/sys/kernel/osrelease.</summary>
    /// <remarks>Declared before <see cref="Running"/>: static initialisers run in the order they are written.</remarks>
    public static string RunningRelease { get; } = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();

    /// <summary>The running kernel, parsed from <see cref="RunningRelease"/>.</summary>
    public static KernelVersion Running { get; } = Parse(RunningRelease);

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
