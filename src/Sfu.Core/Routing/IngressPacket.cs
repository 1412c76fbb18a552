using Sfu.Core.Rtp;

namespace Sfu.Core.Routing;

/// <summary>One accepted publisher packet as the down-tracks see it: the view plus what ingress learnt about it.</summary>
internal ref struct IngressPacket
{
    public RtpPacketView View;
    public PublishedLayer Layer;
    public long ExtendedSequence;
    public bool KeyFrame;
    /// <summary>The codec's payload says where key frames start (VP8, VP9, H.264, AV1): switches wait for one.</summary>
    public bool KnowsKeyFrames;
    public bool IsVp8;
    public int PictureId;
    public int Tl0PicIdx;
    /// <summary>VP8 TID (RFC 7741 §4.2), -1 when absent.</summary>
    public int TemporalId;
    /// <summary>VP8 Y bit: the frame depends only on TL0 frames, a point to switch temporal layers up at.</summary>
    public bool LayerSync;
    /// <summary>First packet of a frame (VP8 S=1, PID=0).</summary>
    public bool FrameStart;
}
