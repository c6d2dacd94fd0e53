namespace Vnetconf.Guest;

/// <summary>The shared libraries a dynamically linked program needs at run time, as the dynamic loader resolves them.</summary>
internal static class SharedLibraries
{
    /// <summary>
    /// The absolute paths ldd reports for <paramref name="program"/> (the loader itself included; the kernel's vDSO,
    /// which has no file, left out); empty for a static program.
    /// </summary>
    public static IReadOnlyList<string> Of(string program)
    {
        var result = ExternalCommand.TryRun("ldd", [program], TimeSpan.FromSeconds(30));
        // ldd exits 1 with "not a dynamic executable" for a static binary: nothing to copy.
        if (result.ExitCode != 0 && (result.OutputText + result.Error).Contains("not a dynamic executable", StringComparison.Ordinal)) return [];
        if (result.ExitCode != 0) throw new InvalidOperationException($"ldd {program} failed: {result.Error.Trim()}");
        return ParseLdd(result.OutputText);
    }

    /// <summary>Reads lines "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x…)" and "/lib64/ld-linux-x86-64.so.2 (0x…)".</summary>
    public static IReadOnlyList<string> ParseLdd(string output)
    {
        var paths = new List<string>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            var target = (arrow >= 0 ? line[(arrow + 2)..] : line).Trim();
            var space = target.IndexOf(" (", StringComparison.Ordinal);
            if (space >= 0) target = target[..space];
            if (target.StartsWith('/')) paths.Add(target);
            else if (target == "not found") throw new InvalidOperationException($"ldd: {line}");
        }
        return paths;
    }
}
