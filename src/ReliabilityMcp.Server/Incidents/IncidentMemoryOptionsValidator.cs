using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>Validates <see cref="IncidentMemoryOptions"/> at startup, naming each bad setting.</summary>
internal sealed class IncidentMemoryOptionsValidator : IValidateOptions<IncidentMemoryOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentMemoryOptions options)
    {
        var errors = new List<string>(options.Validate());
        Check(options.Embeddings, "Incidents:Embeddings", errors);
        Check(options.Search, "Incidents:Search", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(object section, string prefix, List<string> errors)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
