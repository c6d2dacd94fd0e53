namespace Vnetconf.Guest;

/// <summary>One ethtool feature of a guest interface, as <see cref="Links.EthtoolFeatureState"/> reports it.</summary>
public sealed record AgentEthtoolFeature(string Name, bool Available, bool Requested, bool Active, bool Fixed);
