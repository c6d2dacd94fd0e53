using System.Text.Json.Serialization;

namespace Vnetconf.Guest;

/// <summary>
/// The agent protocol's serializers, generated at compile time: the agent is NativeAOT, where reflection-based
/// System.Text.Json is unavailable. Both ends use this one context, so they cannot disagree on the wire format.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(AgentRequest))]
[JsonSerializable(typeof(AgentReply))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
