using System.Security.Cryptography;
using System.Text;
using Sfu.Core.Stun;

namespace Sfu.Transport.Tests;

/// <summary>Builds Binding requests the way a controlling full agent (Chromium) does.</summary>
internal static class StunRequests
{
    public static byte[] Binding(string username, string password, bool useCandidate = false, bool priority = true,
        bool controlling = true, bool controlled = false, bool integrity = true, bool fingerprint = true, ushort? extraAttribute = null)
    {
        var buffer = new byte[256];
        var transactionId = RandomNumberGenerator.GetBytes(12);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(Encoding.ASCII.GetBytes(username));
        if (extraAttribute is { } type) writer.AddAttribute((StunAttributeType)type, [1, 2, 3, 4]);
        if (controlling) writer.AddIceControlling(0x1122334455667788);
        if (controlled) writer.AddIceControlled(0x1122334455667788);
        if (useCandidate) writer.AddUseCandidate();
        if (priority) writer.AddPriority(0x6E7E1EFF);
        if (integrity) writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(password));
        if (fingerprint) writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
