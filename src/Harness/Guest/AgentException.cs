namespace Vnetconf.Guest;

/// <summary>The guest agent answered a request with an error, or did not answer in time.</summary>
/// <param name="what">the failure alone, without the evidence the message carries (a caller that adds its own evidence uses this)</param>
public sealed class AgentException(string message, Exception? inner = null, string? what = null) : Exception(message, inner)
{
    public string What { get; } = what ?? message;
}
