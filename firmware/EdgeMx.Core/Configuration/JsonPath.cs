namespace EdgeMx.Core.Configuration;

/// <summary>Builds the JSON paths problems are reported at: `$`, `$.uplinks[0].name`, `$["odd key"]`.</summary>
public static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsPlain(name) ? $"{parent}.{name}" : $"{parent}[\"{name.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"]";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-')) return false;
        }
        return true;
    }
}
