namespace Vnetconf.Cli;

/// <summary>Where a stack's QEMU comes from.</summary>
public enum QemuSource
{
    /// <summary>The host's qemu-system-x86_64, started from the lab's namespace with the TAP passed as an fd.</summary>
    Host,

    /// <summary>The QEMU of the image setup/container-fixtures builds (Debian 13's), run through Testcontainers.</summary>
    Container,
}
