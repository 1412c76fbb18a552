namespace Sfu.Server;

/// <summary>The <c>sfu</c> executable.</summary>
public static class Program
{
    public static int Main(string[] args) => 0;
}
