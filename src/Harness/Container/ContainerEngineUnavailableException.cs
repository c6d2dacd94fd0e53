using Vnetconf.Model;

namespace Vnetconf.Container;

/// <summary>
/// The Container category cannot run here: no engine answers, it speaks too old an API, or the QEMU image is not
/// built. The message names what is missing and the fix (setup/container-fixtures); it is a missing prerequisite,
/// never a finding about QEMU.
/// </summary>
internal sealed class ContainerEngineUnavailableException(string message) : RequirementUnmetException(message);
