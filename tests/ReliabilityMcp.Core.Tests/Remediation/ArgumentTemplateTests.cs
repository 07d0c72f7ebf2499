using System.Text.Json;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Core.Tests.Remediation;

/// <summary>argv templates and parameter validation.</summary>
public sealed class ArgumentTemplateTests
{
    [Fact]
    public void Fill_ValuesWithShellSyntax_StayInsideTheirOwnElement()
    {
        var values = new Dictionary<string, string> { ["target"] = "web", ["param.note"] = "; rm -rf / $(id) `id` \"q\" 'q'" };

        var sut = ArgumentTemplate.Fill(["deploy/{target}", "--note={param.note}", "literal"], values);

        Assert.Equal(["deploy/web", "--note=; rm -rf / $(id) `id` \"q\" 'q'", "literal"], sut);
    }

    [Fact]
    public void Fill_MissingValue_ThrowsNamingTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => ArgumentTemplate.Fill(["{param.replicas}"], new Dictionary<string, string>()));

        Assert.Contains("parameters.replicas", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"replicas": 4, "reason": "ok", "dry": true}""", null)]
    [InlineData("""{"note": "a\nb"}""", "control characters")]
    [InlineData("""{"note": "--kubeconfig=/x"}""", "starts with '-'")]
    [InlineData("""{"Bad": "x"}""", "is not valid")]
    [InlineData("""{"nested": {"a": 1}}""", "must be a string, number or boolean")]
    [InlineData("""[1]""", "must be an object")]
    public void Parse_Parameters_AcceptsScalarsAndRejectsTheRestWithAReason(string json, string? error)
    {
        using var document = JsonDocument.Parse(json);

        var (values, problem) = RemediationParameters.Parse(document.RootElement);

        if (error is null)
        {
            Assert.Null(problem);
            Assert.Equal("4", values["replicas"]);
            Assert.Equal("true", values["dry"]);
        }
        else
        {
            Assert.Contains(error, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ValidateValue_NegativeNumber_IsAllowed() => Assert.Null(RemediationParameters.ValidateValue("-3"));
}
