namespace Recommender.Functions.Training;

/// <summary>
/// The TrainingExtraArguments setting: options the process launcher adds to <c>training-job train</c> (for example
/// <c>--allow-drift</c>, or drift thresholds). Split on spaces and passed to the child as separate arguments, never
/// through a shell, the same way the container's TRAINING_ARGS is split. What a shell would interpret (quotes, escapes,
/// <c>;</c>, <c>|</c>, <c>$</c>...) therefore has no meaning here and is refused at startup, as are response files
/// (<c>@file</c>), a command in place of options, and the options the launcher sets itself.
/// </summary>
public static class TrainingExtraArguments
{
    public const string SettingName = "TrainingExtraArguments";

    /// <summary>Longest setting accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Most arguments accepted.</summary>
    public const int MaxArguments = 64;

    /// <summary>Characters an argument may hold besides ASCII letters and digits.</summary>
    public const string AllowedPunctuation = "-_.,:=/+";

    /// <summary>Options <see cref="ProcessTrainingLauncher"/> sets from the storage layout; the setting may not repeat them.</summary>
    private static readonly string[] _launcherOptions = ["--ratings", "--items", "--models-container", "--feedback-table"];

    /// <summary>Splits and checks the setting; null or blank is no arguments. The error is one sentence naming the setting.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<string> arguments, out string? error)
    {
        arguments = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (text.Length > MaxLength)
        {
            error = $"{SettingName} is {text.Length} characters long; at most {MaxLength} are accepted.";
            return false;
        }

        string[] parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > MaxArguments)
        {
            error = $"{SettingName} has {parts.Length} arguments; at most {MaxArguments} are accepted.";
            return false;
        }

        for (int n = 0; n < parts.Length; n++)
        {
            string part = parts[n];
            if (!IsPlain(part))
            {
                error = $"{SettingName} argument {n + 1} ('{Printable(part)}') may only hold letters, digits and {string.Join(' ', AllowedPunctuation.ToCharArray())}: " +
                    "the arguments are split on spaces and passed to the training job as they are, without a shell, so quotes, escapes and shell operators have no place here.";
                return false;
            }

            if (n == 0 && !part.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"{SettingName} must start with an option of 'training-job train' (such as --allow-drift), not '{part}': the launcher runs the train command itself.";
                return false;
            }

            string option = part.Split('=', 2)[0];
            if (Array.IndexOf(_launcherOptions, option) >= 0)
            {
                error = $"{SettingName} may not set {option}: the launcher sets it from the storage layout.";
                return false;
            }
        }

        arguments = parts;
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, throwing a <see cref="FormatException"/> on an invalid value.</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        TryParse(text, out IReadOnlyList<string> arguments, out string? error) ? arguments : throw new FormatException(error);

    private static bool IsPlain(string part)
    {
        foreach (char c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !AllowedPunctuation.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // Control characters would break the one-line error: show them as code points.
    private static string Printable(string part) =>
        string.Concat(part.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
