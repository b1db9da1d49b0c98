namespace Recommender.Faults;

/// <summary>The runner's one table: a row per check, with its figures and whether it held.</summary>
internal sealed class FigureTable
{
    private readonly List<(string Check, string Figures, bool Held)> _rows = [];

    public bool AllHeld => _rows.TrueForAll(r => r.Held);

    public void Add(string check, string figures, bool held) => _rows.Add((check, figures, held));

    /// <summary>A Markdown table, so the README can show it as printed.</summary>
    public void Print(TextWriter output)
    {
        output.WriteLine("| Check | Figures | Result |");
        output.WriteLine("|---|---|---|");
        foreach (var (check, figures, held) in _rows)
        {
            output.WriteLine($"| {check} | {figures} | {(held ? "held" : "FAILED")} |");
        }
    }
}
