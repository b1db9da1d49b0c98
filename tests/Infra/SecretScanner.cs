using System.Text.RegularExpressions;

namespace Recommender.Tests.Infra;

/// <summary>Finds secret-looking literals in deployment text: storage keys, SAS tokens, private keys, passwords.</summary>
internal static partial class SecretScanner
{
    /// <summary>One finding per line: the 1-based line number and what was found.</summary>
    public static IReadOnlyList<string> Find(string text)
    {
        var findings = new List<string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            foreach ((Regex pattern, string what) in _patterns)
            {
                if (pattern.IsMatch(line))
                {
                    findings.Add($"line {i + 1}: {what}");
                }
            }

            // A @secure() parameter with a default value ships that value in the template.
            if (SecureDecorator().IsMatch(line) && i + 1 < lines.Length && ParamWithDefault().IsMatch(lines[i + 1]))
            {
                findings.Add($"line {i + 2}: @secure() parameter with a default value");
            }
        }

        return findings;
    }

    private static readonly (Regex Pattern, string What)[] _patterns =
    [
        (AccountKey(), "storage account key (AccountKey=)"),
        (SharedAccessSignature(), "shared access signature"),
        (Base64Key(), "88-character base64 key"),
        (PrivateKey(), "private key block"),
        (InstrumentationKey(), "Application Insights instrumentation key literal"),
        (PasswordLiteral(), "password literal"),
        (ListKeys(), "listKeys() call (shared keys are not used anywhere)"),
    ];

    [GeneratedRegex("AccountKey=", RegexOptions.IgnoreCase)]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"SharedAccessSignature=|[?&]sig=[A-Za-z0-9%+/=]{20,}", RegexOptions.IgnoreCase)]
    private static partial Regex SharedAccessSignature();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==")]
    private static partial Regex Base64Key();

    [GeneratedRegex("-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"InstrumentationKey=[0-9a-f]{8}-", RegexOptions.IgnoreCase)]
    private static partial Regex InstrumentationKey();

    [GeneratedRegex(@"(password|passwd|pwd|secret|clientSecret)[""']?\s*[:=]\s*[""'][^""'\s$][^""']*[""']", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordLiteral();

    [GeneratedRegex(@"\blistKeys\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListKeys();

    [GeneratedRegex(@"^\s*@secure\(\)\s*$")]
    private static partial Regex SecureDecorator();

    [GeneratedRegex(@"^\s*param\s+\w+\s+\w+\s*=")]
    private static partial Regex ParamWithDefault();
}
