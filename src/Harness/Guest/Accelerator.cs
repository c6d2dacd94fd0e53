namespace Vnetconf.Guest;

/// <summary>How QEMU runs the guest's CPU.</summary>
public enum Accelerator
{
    /// <summary>QEMU's own binary translation: slower, works everywhere.</summary>
    Tcg,

    /// <summary>Hardware virtualization through /dev/kvm.</summary>
    Kvm,
}
