using Vnetconf.Guest;
using Vnetconf.Model;

namespace Vnetconf.Scenarios;

/// <summary>
/// A booted guest on a lab's TAP, whoever started its QEMU, its eth0 up with the lab's addresses (<see cref="GuestAddressing"/>):
/// what a guest cell needs (the lab's namespaces and the agent) and what a report says about it.
/// </summary>
public interface ILabGuest : IDisposable
{
    HostLab Lab { get; }
    AgentClient Agent { get; }

    /// <summary>The guest's kernel, as its agent said when it first answered: what the guest's driver knows depends on it.</summary>
    KernelVersion GuestKernel { get; }

    /// <summary>The QEMU that runs the guest: what it offers depends on its version.</summary>
    QemuVersion Qemu { get; }

    /// <summary>From QEMU's start to the agent's hello.</summary>
    TimeSpan BootTime { get; }

    /// <summary>The header size QEMU set on the TAP <paramref name="tapName"/> (TUNSETVNETHDRSZ), tap0 or a side NIC's; null for a TAP without IFF_VNET_HDR.</summary>
    int? TapHeaderSize(string tapName);

    /// <summary>One line for progress output: kernel, boot time, accelerator and backend.</summary>
    string Describe();

    /// <summary>The guest's whole console so far.</summary>
    string ConsoleLog();

    /// <summary>The last lines of the guest's console, for error messages.</summary>
    string ConsoleTail(int lines = 40);
}
