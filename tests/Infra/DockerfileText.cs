using System.Text.RegularExpressions;

namespace Recommender.Tests.Infra;

/// <summary>A Dockerfile split into instructions (continuation lines joined, comments dropped), grouped by stage.</summary>
internal sealed partial class DockerfileText
{
    private DockerfileText(IReadOnlyList<(string Keyword, string Arguments)> instructions) => Instructions = instructions;

    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    public static DockerfileText Load(string path)
    {
        var list = new List<(string, string)>();
        string pending = string.Empty;
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.TrimEnd();
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            string full = (pending + line).Trim();
            pending = string.Empty;
            Match m = Instruction().Match(full);
            if (m.Success)
            {
                list.Add((m.Groups["keyword"].Value.ToUpperInvariant(), m.Groups["args"].Value.Trim()));
            }
        }

        return new DockerfileText(list);
    }

    /// <summary>Default values of ARG instructions declared before the first FROM.</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs()
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string keyword, string arguments) in Instructions.TakeWhile(i => i.Keyword != "FROM"))
        {
            if (keyword == "ARG" && arguments.Split('=', 2) is [string name, string value])
            {
                args[name] = value;
            }
        }

        return args;
    }

    /// <summary>The FROM lines with global ARGs substituted: (image, stage name or null).</summary>
    public IReadOnlyList<(string Image, string? Stage)> Stages()
    {
        IReadOnlyDictionary<string, string> args = GlobalArgs();
        var stages = new List<(string, string?)>();
        foreach ((string keyword, string arguments) in Instructions.Where(i => i.Keyword == "FROM"))
        {
            string[] parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string image = ArgReference().Replace(parts[0], m => args.TryGetValue(m.Groups["name"].Value, out string? v) ? v : m.Value);
            stages.Add((image, parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null));
        }

        return stages;
    }

    /// <summary>The instructions of the last stage (the image that ships).</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage()
    {
        int last = -1;
        for (int i = 0; i < Instructions.Count; i++)
        {
            if (Instructions[i].Keyword == "FROM")
            {
                last = i;
            }
        }

        return [.. Instructions.Skip(last)];
    }

    /// <summary>Source paths of COPY/ADD instructions that read the build context (no --from).</summary>
    public IReadOnlyList<string> ContextSources()
    {
        var sources = new List<string>();
        foreach ((string keyword, string arguments) in Instructions.Where(i => i.Keyword is "COPY" or "ADD"))
        {
            string[] parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Any(p => p.StartsWith("--from", StringComparison.Ordinal)))
            {
                continue;
            }

            string[] paths = [.. parts.Where(p => !p.StartsWith("--", StringComparison.Ordinal))];
            sources.AddRange(paths[..^1]);
        }

        return sources;
    }

    [GeneratedRegex(@"^(?<keyword>[A-Za-z]+)\s+(?<args>.*)$")]
    private static partial Regex Instruction();

    [GeneratedRegex(@"\$\{?(?<name>\w+)\}?")]
    private static partial Regex ArgReference();
}
