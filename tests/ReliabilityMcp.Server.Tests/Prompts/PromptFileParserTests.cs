using ReliabilityMcp.Server.Prompts;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Prompts;

public sealed class PromptFileParserTests
{
    private const string Path = "prompts/example.md";

    [Fact]
    public void Parse_ValidFile_ReadsFrontMatterAndRendersPlaceholders()
    {
        var sut = PromptFileParser.Parse(Path, """
            ---
            name: example
            description: An example.
            arguments:
              - name: service
                description: The service.
                required: true
            ---
            Look at {{service}} and {{ service }} again.
            """);

        Assert.Equal("example", sut.Name);
        Assert.True(Assert.Single(sut.Arguments).Required);
        Assert.Equal("Look at api and api again.\n", sut.Render(new Dictionary<string, string> { ["service"] = "api" }));
    }

    [Fact]
    public void Render_ValueContainingPlaceholderSyntax_IsInsertedVerbatim()
    {
        var sut = PromptFileParser.Parse(Path, "---\nname: example\ndescription: d\narguments:\n  - name: a\n    description: x\n  - name: b\n    description: y\n---\n[{{a}}] [{{b}}]\n");

        Assert.Equal("[{{b}}] [2]\n", sut.Render(new Dictionary<string, string> { ["a"] = "{{b}}", ["b"] = "2" }));
    }

    [Theory]
    [InlineData("no front matter\n", "must start with a '---' line")]
    [InlineData("---\nname: x\ndescription: d\n", "not closed")]
    [InlineData("---\nname: [unclosed\ndescription: d\n---\nbody\n", "invalid front matter at line")]
    [InlineData("---\nname: x\ndescription: d\nrequried: true\n---\nbody\n", "invalid front matter")]
    [InlineData("---\nname: Bad Name\ndescription: d\n---\nbody\n", "'name' must be")]
    [InlineData("---\nname: x\n---\nbody\n", "'description' is required")]
    [InlineData("---\nname: x\ndescription: d\n---\n\n", "body after the front matter is empty")]
    [InlineData("---\nname: x\ndescription: d\n---\nHello {{who}}\n", "{{who}}")]
    [InlineData("---\nname: x\ndescription: d\narguments:\n  - name: a\n    description: d\n  - name: a\n    description: d\n---\n{{a}}\n", "declared twice")]
    [InlineData("---\nname: x\ndescription: d\narguments:\n  - name: a\n---\n{{a}}\n", "needs a description")]
    public void Parse_BadFile_FailsNamingTheFileAndTheProblem(string text, string expected)
    {
        var exception = Assert.Throws<PromptFileException>(() => PromptFileParser.Parse(Path, text));

        Assert.Equal(Path, exception.FilePath);
        Assert.Contains(Path, exception.Message, StringComparison.Ordinal);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedPromptsFolder_ParsesEveryFile()
    {
        var sut = PromptCatalog.Load(System.IO.Path.Combine(RepositoryPaths.Root, "prompts"));

        Assert.Equal(["game_day", "postmortem", "triage_incident"], sut.Select(prompt => prompt.Name).ToArray());
    }

    [Fact]
    public void Load_TwoFilesWithOneName_FailsNamingBoth()
    {
        var directory = RepositoryPaths.NewTempDirectory("prompts");
        const string text = "---\nname: same\ndescription: d\n---\nbody\n";
        File.WriteAllText(System.IO.Path.Combine(directory, "a.md"), text);
        File.WriteAllText(System.IO.Path.Combine(directory, "b.md"), text);

        var exception = Assert.Throws<PromptFileException>(() => PromptCatalog.Load(directory));

        Assert.Contains("a.md", exception.Message, StringComparison.Ordinal);
        Assert.Contains("b.md", exception.Message, StringComparison.Ordinal);
    }
}
