namespace Sfu.Transport.Ice;

/// <summary>Kinds of <see cref="IceEvent"/>.</summary>
public enum IceEventKind
{
    /// <summary>An address sent its first authenticated request: route its datagrams to this session.</summary>
    AddressValidated,
    /// <summary>A validated address was forgotten (tuple limit): stop routing it.</summary>
    AddressRemoved,
    /// <summary>The selected pair changed (nomination, or the first validated address): send media there.</summary>
    SelectedAddressChanged,
    /// <summary>An ICE restart completed: the old ufrag no longer works (unregister it).</summary>
    CredentialsRetired,
    /// <summary>The state changed (see <see cref="IceLiteAgent.State"/>).</summary>
    StateChanged,
}
