namespace Sfu.Core.Routing;

/// <summary>What an incoming SSRC of a publisher transport was bound to.</summary>
internal readonly record struct SsrcBinding(PublishedTrack Track, int Layer, bool IsRtx);
