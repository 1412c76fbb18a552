using Sfu.Transport.Demux;

namespace Sfu.Transport.Ice;

/// <summary>Something the session owning the agent must act on (bind or unbind an address, retire a ufrag, close).</summary>
public readonly record struct IceEvent(IceEventKind Kind, SocketAddressKey Address, IceState State, string? Ufrag);
