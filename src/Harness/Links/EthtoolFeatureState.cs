namespace Vnetconf.Links;

/// <summary>One feature bit of a device, as ETHTOOL_GFEATURES reports it.</summary>
/// <param name="Available">the device can change it (hw_features)</param>
/// <param name="Requested">the user wants it (wanted_features); may differ from <paramref name="Active"/> when a dependency is missing</param>
/// <param name="Active">in effect (features)</param>
/// <param name="NeverChanged">marked never changeable (NETIF_F_NEVER_CHANGE), e.g. netns-local</param>
public readonly record struct EthtoolFeatureState(bool Available, bool Requested, bool Active, bool NeverChanged)
{
    /// <summary>What <c>ethtool -k</c> marks "[fixed]": not changeable on this device.</summary>
    public bool IsFixed => !Available || NeverChanged;
}
