using Vnetconf.Guest;
using Vnetconf.Interop;
using Vnetconf.Model;
using Vnetconf.Netmap;

namespace Vnetconf.Scenarios;

/// <summary>
/// Whether netmap can be used here, and if not, exactly why and what enables it: the words a skipped test prints.
/// </summary>
public sealed record NetmapAvailability(bool IsAvailable, string Reason, NetmapAdapterMode? Admode)
{
    /// <summary>The module's directory in sysfs: present when netmap.ko is loaded.</summary>
    public const string ModulePath = "/sys/module/netmap";

    /// <summary>The setting that puts user-supplied netmap modules into a guest image.</summary>
    public const string GuestModulesOption = NetmapGuestModules.ModulesVariable + "=DIR";

    public static NetmapAvailability Probe()
    {
        if (!File.Exists(NetmapAbi.DevicePath))
        {
            return Directory.Exists(ModulePath)
                ? new(false, $"no {NetmapAbi.DevicePath} although netmap.ko is loaded: create the node from /sys/class/misc/netmap/dev (udev does it at load)", null)
                : new(false, $"no {NetmapAbi.DevicePath} on this host (kernel {KernelVersion.RunningRelease}): load netmap.ko built for this " +
                             $"kernel (insmod netmap.ko) to run the host netmap cases; the guest cases use {GuestModulesOption}", null);
        }
        try
        {
            NetmapControl.OpenDevice("netmap availability probe").Dispose();
        }
        catch (SyscallException e)
        {
            return new(false, $"{NetmapAbi.DevicePath} exists but cannot be opened ({e.ErrnoName}): run as root", null);
        }
        var admode = File.Exists(NetmapAdmode.ParameterPath) ? NetmapAdmode.Read() : (NetmapAdapterMode?)null;
        return new(true, $"{NetmapAbi.DevicePath} opens; admode {(admode is { } m ? $"{(int)m} ({m})" : "unknown")}", admode);
    }
}
