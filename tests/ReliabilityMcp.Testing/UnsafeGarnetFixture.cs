namespace ReliabilityMcp.Testing;

/// <summary>
/// A real Garnet started WITHOUT <c>--lua-transaction-mode</c>: scripts of different sessions interleave, so the
/// server must notice and refuse state-changing tools (issue 18, item 5).
/// </summary>
public sealed class UnsafeGarnetFixture : GarnetFixture
{
    /// <inheritdoc />
    protected override bool LuaTransactionMode => false;
}
