using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Tests.Infra;

/// <summary>
/// A Bicep file prepared for structural checks, which the compiler's type checks (<see cref="BicepCompileTests"/>)
/// cannot make: wiring, hardening, the exact role set. <see cref="Code"/> has comments blanked; <see cref="Masked"/> also blanks string literals, so
/// braces and keys can be matched without being fooled by quotes. Both keep every character position.
/// </summary>
internal sealed partial class BicepText
{
    private BicepText(string path, string code, string masked)
    {
        Path = path;
        Code = code;
        Masked = masked;
    }

    public string Path { get; }

    /// <summary>The source with comments replaced by spaces.</summary>
    public string Code { get; }

    /// <summary>The source with comments and string literals (quotes included) replaced by spaces.</summary>
    public string Masked { get; }

    public static BicepText Load(string path) => Parse(path, File.ReadAllText(path));

    public static BicepText Parse(string path, string source)
    {
        var code = new StringBuilder(source);
        var masked = new StringBuilder(source);
        int i = 0;
        while (i < source.Length)
        {
            i = ScanCode(source, i, code, masked, stopAtCloseBrace: false);
        }

        return new BicepText(path, code.ToString(), masked.ToString());
    }

    /// <summary>The resources declared in the file, with their bodies.</summary>
    public IReadOnlyList<BicepResource> Resources()
    {
        var list = new List<BicepResource>();
        foreach (Match m in ResourceHeader().Matches(Code))
        {
            int open = Masked.IndexOf('{', m.Index + m.Length);
            string body = Code[(open + 1)..MatchingBrace(open)];
            list.Add(new BicepResource(m.Groups["symbol"].Value, m.Groups["type"].Value, m.Groups["version"].Value, m.Groups["existing"].Success, body, this));
        }

        return list;
    }

    /// <summary>The resource with the given symbolic name.</summary>
    public BicepResource Resource(string symbol) =>
        Resources().SingleOrDefault(r => r.Symbol == symbol)
        ?? throw new InvalidOperationException($"{InfraFiles.Relative(Path)} declares no resource '{symbol}'.");

    /// <summary>The modules the file calls: symbol, relative path and the text of their params object.</summary>
    public IReadOnlyList<BicepModuleCall> Modules()
    {
        var list = new List<BicepModuleCall>();
        foreach (Match m in ModuleHeader().Matches(Code))
        {
            int open = Masked.IndexOf('{', m.Index + m.Length);
            string body = Code[(open + 1)..MatchingBrace(open)];
            list.Add(new BicepModuleCall(m.Groups["symbol"].Value, m.Groups["path"].Value, Property(body, "params") ?? string.Empty));
        }

        return list;
    }

    /// <summary>Parameters declared with <c>param</c>: name and whether a default value is given.</summary>
    public IReadOnlyList<(string Name, bool HasDefault)> Parameters()
    {
        var list = new List<(string, bool)>();
        foreach (Match m in ParamDeclaration().Matches(Code))
        {
            list.Add((m.Groups["name"].Value, m.Groups["default"].Success));
        }

        return list;
    }

    /// <summary>Names declared with <c>var</c>.</summary>
    public IReadOnlyList<string> Variables() => [.. VarDeclaration().Matches(Code).Select(m => m.Groups["name"].Value)];

    /// <summary>Names declared with <c>output</c>.</summary>
    public IReadOnlyList<string> Outputs() => [.. OutputDeclaration().Matches(Code).Select(m => m.Groups["name"].Value)];

    /// <summary>The value text of a top-level <c>var</c> (an object body without braces, or an expression).</summary>
    public string Variable(string name)
    {
        Match m = Regex.Match(Code, $@"^var\s+{Regex.Escape(name)}\s*=\s*", RegexOptions.Multiline);
        if (!m.Success)
        {
            throw new InvalidOperationException($"{InfraFiles.Relative(Path)} declares no var '{name}'.");
        }

        return ValueAt(Code, m.Index + m.Length, Masked);
    }

    /// <summary>Index of the brace closing the one at <paramref name="open"/>, on the masked text.</summary>
    public int MatchingBrace(int open) => MatchingBrace(Masked, open);

    /// <summary>
    /// The value of a property that sits directly in an object body (not nested deeper): an object's
    /// inner text, or the rest of the line for a scalar. Null when the body has no such key.
    /// </summary>
    public static string? Property(string objectBody, string key)
    {
        string masked = Parse("inline", objectBody).Masked;
        foreach ((string name, int valueStart) in TopLevelKeyPositions(objectBody, masked))
        {
            if (name == key)
            {
                return ValueAt(objectBody, valueStart, masked);
            }
        }

        return null;
    }

    /// <summary>The keys that sit directly in an object body, quotes removed.</summary>
    public static IReadOnlyList<string> TopLevelKeys(string objectBody)
    {
        string masked = Parse("inline", objectBody).Masked;
        return [.. TopLevelKeyPositions(objectBody, masked).Select(k => k.Name)];
    }

    /// <summary>Checks that (), [] and {} nest properly outside strings and comments; returns the problem or null.</summary>
    public string? BracketProblem()
    {
        var stack = new Stack<(char Open, int Line)>();
        int line = 1;
        foreach (char c in Masked)
        {
            if (c == '\n')
            {
                line++;
            }
            else if (c is '(' or '[' or '{')
            {
                stack.Push((c, line));
            }
            else if (c is ')' or ']' or '}')
            {
                char expected = c switch { ')' => '(', ']' => '[', _ => '{' };
                if (stack.Count == 0)
                {
                    return $"line {line}: '{c}' closes nothing";
                }

                (char open, int openLine) = stack.Pop();
                if (open != expected)
                {
                    return $"line {line}: '{c}' closes '{open}' opened on line {openLine}";
                }
            }
        }

        return stack.Count == 0 ? null : $"'{stack.Peek().Open}' opened on line {stack.Peek().Line} is never closed";
    }

    private static int MatchingBrace(string masked, int open)
    {
        int depth = 0;
        for (int i = open; i < masked.Length; i++)
        {
            if (masked[i] == '{')
            {
                depth++;
            }
            else if (masked[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Unbalanced braces from position {open}.");
    }

    private static IEnumerable<(string Name, int ValueStart)> TopLevelKeyPositions(string body, string masked)
    {
        int depth = 0;
        bool atLineStart = true;
        for (int i = 0; i < masked.Length; i++)
        {
            if (atLineStart && depth == 0)
            {
                Match m = KeyAtLineStart().Match(body, i);
                if (m.Success)
                {
                    yield return (m.Groups["key"].Value.Trim('\''), m.Index + m.Length);
                }
            }

            char c = masked[i];
            atLineStart = c == '\n';
            if (c is '{' or '[' or '(')
            {
                depth++;
            }
            else if (c is '}' or ']' or ')')
            {
                depth--;
            }
        }
    }

    private static string ValueAt(string text, int start, string masked)
    {
        int i = start;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < text.Length && masked[i] == '{')
        {
            return text[(i + 1)..MatchingBrace(masked, i)];
        }

        if (i < text.Length && masked[i] == '[')
        {
            int depth = 0;
            for (int j = i; j < masked.Length; j++)
            {
                if (masked[j] == '[')
                {
                    depth++;
                }
                else if (masked[j] == ']' && --depth == 0)
                {
                    return text[(i + 1)..j];
                }
            }
        }

        int end = text.IndexOf('\n', i);
        return text[i..(end < 0 ? text.Length : end)].Trim();
    }

    // Scans code from i until the end (or the '}' closing an interpolation when stopAtCloseBrace);
    // returns the index after what it consumed.
    private static int ScanCode(string s, int i, StringBuilder code, StringBuilder masked, bool stopAtCloseBrace)
    {
        int depth = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    Blank(code, masked, i++);
                }
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? s.Length : end + 2;
                while (i < end)
                {
                    Blank(code, masked, i++);
                }
            }
            else if (c == '\'')
            {
                i = ScanString(s, i, code, masked);
            }
            else if (c == '{')
            {
                depth++;
                i++;
            }
            else if (c == '}')
            {
                if (stopAtCloseBrace && depth == 0)
                {
                    return i;
                }

                depth--;
                i++;
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    private static int ScanString(string s, int i, StringBuilder code, StringBuilder masked)
    {
        if (string.CompareOrdinal(s, i, "'''", 0, 3) == 0)
        {
            int end = s.IndexOf("'''", i + 3, StringComparison.Ordinal);
            end = end < 0 ? s.Length : end + 3;
            for (int k = i; k < end; k++)
            {
                MaskOnly(masked, k);
            }

            return end;
        }

        MaskOnly(masked, i++);
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '\\' && i + 1 < s.Length)
            {
                MaskOnly(masked, i++);
                MaskOnly(masked, i++);
            }
            else if (c == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                // Interpolation: mask it as part of the string, but skip nested strings and braces correctly.
                int start = i;
                int end = ScanCode(s, i + 2, new StringBuilder(s), new StringBuilder(s), stopAtCloseBrace: true);
                for (int k = start; k <= Math.Min(end, s.Length - 1); k++)
                {
                    MaskOnly(masked, k);
                }

                i = end + 1;
            }
            else if (c == '\'')
            {
                MaskOnly(masked, i++);
                return i;
            }
            else
            {
                MaskOnly(masked, i++);
            }
        }

        return i;
    }

    private static void Blank(StringBuilder code, StringBuilder masked, int i)
    {
        if (code[i] != '\n')
        {
            code[i] = ' ';
            masked[i] = ' ';
        }
    }

    private static void MaskOnly(StringBuilder masked, int i)
    {
        if (masked[i] != '\n')
        {
            masked[i] = ' ';
        }
    }

    [GeneratedRegex(@"^resource\s+(?<symbol>\w+)\s+'(?<type>[^'@]+)@(?<version>[^']+)'\s*(?<existing>existing\s*)?=", RegexOptions.Multiline)]
    private static partial Regex ResourceHeader();

    [GeneratedRegex(@"^module\s+(?<symbol>\w+)\s+'(?<path>[^']+)'\s*=", RegexOptions.Multiline)]
    private static partial Regex ModuleHeader();

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+(?<default>\s*=)?", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();

    [GeneratedRegex(@"^var\s+(?<name>\w+)\s*=", RegexOptions.Multiline)]
    private static partial Regex VarDeclaration();

    [GeneratedRegex(@"^output\s+(?<name>\w+)\s+\w+\s*=", RegexOptions.Multiline)]
    private static partial Regex OutputDeclaration();

    [GeneratedRegex(@"\G[ \t]*(?<key>[A-Za-z_]\w*|'[^'\n]*')[ \t]*:")]
    private static partial Regex KeyAtLineStart();
}
