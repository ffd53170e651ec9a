namespace EdgeMx.Core.Configuration.Schema;

/// <summary>A schema file itself is wrong (not the document being validated): a bug in the repository, not user input.</summary>
public sealed class JsonSchemaException(string location, string message) : Exception($"{location}: {message}")
{
    public string Location { get; } = location;
}
