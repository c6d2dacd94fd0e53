using Vnetconf.Model;

namespace Vnetconf.Guest;

/// <summary>The host cannot boot guests: a tool or a kernel source is missing. The message says which and how to fix it.</summary>
internal sealed class GuestPlatformUnavailableException(string message) : RequirementUnmetException(message);
