namespace Vnetconf.Guest;

/// <summary>The guest agent answered a request with an error, or did not answer in time.</summary>
public sealed class AgentException(string message, Exception? inner = null) : Exception(message, inner);
