namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The guard attack file with a wide autonomous window, and at most 3 pending approvals per principal.</summary>
public sealed class GuardAttackServerFixture : RemediationServerFixture
{
    /// <summary>Approvals:MaxPendingPerPrincipal of this server.</summary>
    public const int PendingCap = 3;

    /// <inheritdoc />
    protected override string ConfigText(string receiver, string script) => GuardAttackConfig.Text(receiver, window: 100);

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [new("Approvals:MaxPendingPerPrincipal", PendingCap.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
