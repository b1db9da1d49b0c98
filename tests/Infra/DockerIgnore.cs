using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.Tests.Infra;

/// <summary>The subset of .dockerignore matching the repository uses: *, **, trailing-slash folders, no negation.</summary>
internal sealed class DockerIgnore
{
    private readonly List<Regex> _patterns = [];

    public DockerIgnore(IEnumerable<string> lines)
    {
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('!'))
            {
                throw new NotSupportedException("Negated .dockerignore patterns are not supported by this check.");
            }

            _patterns.Add(ToRegex(line.TrimStart('/').TrimEnd('/')));
        }
    }

    /// <summary>True when the path (relative, forward slashes) or one of its parent folders is excluded.</summary>
    public bool Excludes(string relativePath)
    {
        string path = relativePath.TrimEnd('/');
        string[] parts = path.Split('/');
        for (int n = 1; n <= parts.Length; n++)
        {
            string prefix = string.Join('/', parts.Take(n));
            if (_patterns.Any(p => p.IsMatch(prefix)))
            {
                return true;
            }
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (pattern[i] == '*')
            {
                sb.Append("[^/]*");
            }
            else if (pattern[i] == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
