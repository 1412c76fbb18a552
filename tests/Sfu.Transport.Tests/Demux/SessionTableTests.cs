using System.Net;
using System.Text;
using CsCheck;
using Sfu.Transport.Demux;

namespace Sfu.Transport.Tests.Demux;

public class SessionTableTests
{
    private sealed class S;

    [Fact]
    public void Username_finds_the_session_by_its_local_part()
    {
        var table = new SessionTable<S>();
        var s = new S();
        Assert.True(table.TryAddUfrag("EXMw2zVi", s));
        Assert.True(table.TryGetByUsername("EXMw2zVi:5WpM"u8, out var found));
        Assert.Same(s, found);
        Assert.True(table.TryGetByUsername("EXMw2zVi"u8, out _));
        Assert.False(table.TryGetByUsername("5WpM:EXMw2zVi"u8, out _)); // the remote part is not ours
        Assert.False(table.TryGetByUsername(":EXMw2zVi"u8, out _));
        Assert.False(table.TryGetByUsername("EXMw2zV\u00e9:x"u8, out _));
    }

    [Fact]
    public void A_ufrag_belongs_to_one_session()
    {
        var table = new SessionTable<S>();
        var a = new S();
        Assert.True(table.TryAddUfrag("abcd", a));
        Assert.True(table.TryAddUfrag("abcd", a));
        Assert.False(table.TryAddUfrag("abcd", new S()));
    }

    [Fact]
    public void Removing_a_session_removes_all_its_routes()
    {
        var table = new SessionTable<S>();
        var a = new S();
        var b = new S();
        table.TryAddUfrag("old1", a);
        table.TryAddUfrag("new1", a);
        table.TryAddUfrag("bbbb", b);
        var addr = SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:5000"));
        table.BindAddress(addr, a);
        var ufrags = new List<string>();
        var addresses = new List<SocketAddressKey>();
        Assert.Equal(3, table.RemoveSession(a, ufrags, addresses));
        Assert.Equal(["new1", "old1"], ufrags.Order());
        Assert.Equal([addr], addresses);
        Assert.False(table.TryGetByAddress(addr, out _));
        Assert.True(table.TryGetByUfrag("bbbb", out _));
    }

    [Fact]
    public void Lookup_by_username_and_address_allocates_nothing()
    {
        var table = new SessionTable<S>();
        table.TryAddUfrag("EXMw2zVi", new S());
        var addr = SocketAddressKey.FromEndPoint(IPEndPoint.Parse("127.0.0.1:5000"));
        table.BindAddress(addr, new S());
        var username = Encoding.ASCII.GetBytes("EXMw2zVi:5WpM");
        var hits = 0;
        Assert.Equal(0, Allocation.Measure(10_000, () =>
        {
            if (table.TryGetByUsername(username, out _)) hits++;
            if (table.TryGetByAddress(addr, out _)) hits++;
        }));
        Assert.True(hits > 0);
    }

    [Fact]
    public void Random_usernames_never_throw_and_only_match_registered_ufrags()
    {
        var table = new SessionTable<S>();
        table.TryAddUfrag("abcd", new S());
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var found = table.TryGetByUsername(bytes, out _);
            var colon = Array.IndexOf(bytes, (byte)':');
            var local = colon >= 0 ? bytes[..colon] : bytes;
            return found == local.AsSpan().SequenceEqual("abcd"u8);
        }, iter: PropertyCases.Count);
    }
}
