namespace Vnetconf.Container;

/// <summary>
/// A stack's QEMU cannot run here: it is not installed, does not run on this host, is too old for the lab's command
/// line, or its image is missing or holds no QEMU. The message names the problem and the fix; it is a missing
/// prerequisite, never a finding about QEMU.
/// </summary>
public sealed class QemuUnavailableException(string message) : InvalidOperationException(message);
