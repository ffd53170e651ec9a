using System.Text;

namespace EdgeMx.Appliance.Cli;

/// <summary>A plain text table with columns padded to their widest cell, as `ip`/`swanctl` users read them.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public string Render(string indent = "")
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            sb.Append(indent);
            for (var i = 0; i < headers.Length; i++)
            {
                var cell = i < cells.Count ? cells[i] : "";
                sb.Append(i == headers.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
            }
            sb.Append('\n');
        }
        Line(headers);
        foreach (var r in _rows) Line(r);
        return sb.ToString();
    }
}
