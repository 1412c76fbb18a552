namespace Sfu.Core.Rtp;

/// <summary>Walks the elements of an RFC 8285 extension block in wire order, skipping padding.</summary>
/// <remarks>
/// RFC 8285 §4.2-§4.3. In the one-byte form a zero byte is padding, and id 15 ends processing (its length
/// is not to be trusted). A non-zero byte with id 0 is not defined by the RFC; rather than guess a length
/// for it (the desynchronisation of SIPSorcery issue 1789, C33) the walk stops there too. An element whose
/// length runs past the block also ends the walk; <see cref="RtpPacketView.TryParse"/> has already rejected
/// such packets, so the check here is a second line of defence for direct use.
/// </remarks>
public ref struct RtpExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly bool _twoByte;
    private int _next;
    private int _id;
    private int _valueOffset;
    private int _valueLength;

    /// <summary>Creates an enumerator over the extension data (after the 4-byte profile and length).</summary>
    public RtpExtensionEnumerator(ReadOnlySpan<byte> block, bool twoByte)
    {
        _block = block;
        _twoByte = twoByte;
        _next = 0;
        _id = 0;
        _valueOffset = 0;
        _valueLength = 0;
    }

    /// <summary>The current element.</summary>
    public readonly RtpExtension Current => new(_id, _block.Slice(_valueOffset, _valueLength));

    /// <summary>Offset of the current element's first header byte within the block.</summary>
    public readonly int ElementOffset => _valueOffset - (_twoByte ? 2 : 1);

    /// <summary>Offset of the current element's value within the block.</summary>
    public readonly int ValueOffset => _valueOffset;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next element; false at the end, at id 15, or at a malformed element.</summary>
    public bool MoveNext()
    {
        while (_next < _block.Length)
        {
            var b = _block[_next];
            if (b == 0)
            {
                _next++; // padding
                continue;
            }
            int id, length, headerSize;
            if (_twoByte)
            {
                if (_block.Length - _next < 2) return Stop();
                id = b;
                length = _block[_next + 1];
                headerSize = 2;
            }
            else
            {
                id = b >> 4;
                if (id == 0 || id == RtpPacketView.OneByteTerminatorId) return Stop();
                length = (b & 0x0F) + 1;
                headerSize = 1;
            }
            if (length > _block.Length - _next - headerSize) return Stop();
            _id = id;
            _valueOffset = _next + headerSize;
            _valueLength = length;
            _next = _valueOffset + length;
            return true;
        }
        return false;
    }

    private bool Stop()
    {
        _next = _block.Length;
        return false;
    }
}
