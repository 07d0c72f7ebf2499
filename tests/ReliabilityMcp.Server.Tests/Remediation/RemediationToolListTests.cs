using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The remediation and approval tools as announced: honest annotations and output schemas clients can validate.</summary>
public sealed class RemediationToolListTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Theory]
    [InlineData("execute_remediation", false, true)]
    [InlineData("approve_request", false, true)]
    [InlineData("list_pending_approvals", true, false)]
    public async Task ListTools_RemediationTools_AnnotatedHonestlyWithOutputSchemas(string name, bool readOnly, bool destructive)
    {
        var cancellationToken = TestTimeouts.Token();
        // An approver: an agent's tools/list leaves out approve_request (issue 23, ToolAccessTests).
        await using var client = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);

        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);

        var sut = Assert.Single(tools, t => t.Name == name).ProtocolTool;
        Assert.Equal(readOnly, sut.Annotations!.ReadOnlyHint);
        Assert.Equal(destructive, sut.Annotations.DestructiveHint);
        var schema = Assert.IsType<JsonElement>(sut.OutputSchema);
        // Null members are left out of results, so a required member must never be nullable: a validating client would reject the result.
        Assert.Empty(RequiredNullable(schema, "$"));
    }

    private static List<string> RequiredNullable(JsonElement schema, string path)
    {
        var found = new List<string>();
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return found;
        }

        if (schema.TryGetProperty("properties", out var properties) && schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (properties.TryGetProperty(name, out var property) && property.TryGetProperty("type", out var type)
                    && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null"))
                {
                    found.Add($"{path}.{name}");
                }
            }
        }

        foreach (var member in schema.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Object)
            {
                found.AddRange(RequiredNullable(member.Value, $"{path}.{member.Name}"));
            }
        }

        return found;
    }
}
