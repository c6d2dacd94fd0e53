using Vnetconf.Guest;

namespace Vnetconf.Container;

/// <summary>
/// Asks a stack's QEMU for its version before any guest boots, wherever it lives (this host, a path, an image), so a
/// QEMU that cannot serve is reported with its fix at once and its stack left out, instead of failing every cell.
/// </summary>
public static class QemuProbe
{
    /// <summary>The version <paramref name="spec"/>'s qemu-system-x86_64 reports.</summary>
    /// <exception cref="QemuUnavailableException">what is wrong, and the fix</exception>
    public static QemuVersion Version(QemuSpec spec)
    {
        var version = spec switch
        {
            QemuSpec.Host => OnHost(QemuArguments.Binary, "install qemu-system-x86 (setup/guest-fixtures does)"),
            QemuSpec.Binary binary => OnHost(binary.Path,
                "give a QEMU built for this host, or run that QEMU from an image: --qemu SUITE or --qemu NAME:TAG"),
            QemuSpec.InImage inImage => InImage(inImage),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec, "a QEMU spec this probe does not know"),
        };
        return version.AtLeast(QemuVersion.LabMinimum)
            ? version
            : throw new QemuUnavailableException(
                $"QEMU {version} ({spec}) is too old for the lab's command line (-nic none needs QEMU {QemuVersion.LabMinimum}): use QEMU {QemuVersion.LabMinimum} or later");
    }

    private static QemuVersion OnHost(string binary, string fix)
    {
        if (!binary.Contains('/', StringComparison.Ordinal) && ExternalCommand.Find(binary) is null)
            throw new QemuUnavailableException($"no {binary} on this host's PATH: {fix}");
        try
        {
            return QemuVersion.Of(binary);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // The first line says it: a missing library, a too-new glibc ("version `GLIBC_2.43' not found"), not QEMU
            // at all. The loader starts its line with the binary's path, which the message names already.
            var why = e.Message.Trim().Split('\n')[0].Replace($"{binary}: ", "", StringComparison.Ordinal);
            throw new QemuUnavailableException($"{(why.StartsWith(binary, StringComparison.Ordinal) ? why : $"{binary} --version: {why}")}: {fix}");
        }
    }

    private static QemuVersion InImage(QemuSpec.InImage qemu)
    {
        try
        {
            using var engine = ContainerEngine.Connect(qemu);
            return engine.QemuVersionOf(qemu);
        }
        catch (ContainerEngineUnavailableException e)
        {
            throw new QemuUnavailableException(e.Message);
        }
    }
}
