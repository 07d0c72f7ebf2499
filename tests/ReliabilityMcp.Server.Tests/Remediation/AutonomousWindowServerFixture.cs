namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The guard attack file with an autonomous window of 3 services per hour (the window is shared by every test of a class).</summary>
public sealed class AutonomousWindowServerFixture : RemediationServerFixture
{
    /// <inheritdoc />
    protected override string ConfigText(string receiver, string script) => GuardAttackConfig.Text(receiver, window: 3);
}
