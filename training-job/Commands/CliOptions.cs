using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace Recommender.TrainingJob.Commands;

/// <summary>
/// Builds options whose help shows the default and the allowed range, and whose range check is a parse error
/// (exit code 2, one line naming the option) rather than a failure inside the command.
/// </summary>
internal static class CliOptions
{
    public static Option<T> Number<T>(string name, T defaultValue, T min, T max, string description)
        where T : struct, INumber<T>
    {
        return new Option<T>(name)
        {
            Description = $"{description} ({min} to {max})",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                NumberStyles styles = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
                if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out T value) && T.IsFinite(value) && value >= min && value <= max)
                {
                    return value;
                }

                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number from {min} to {max}, not '{text}'."));
                return defaultValue;
            },
        };
    }

    public static Option<int> Int(string name, int defaultValue, string description, int min = int.MinValue, int max = int.MaxValue) =>
        min == int.MinValue && max == int.MaxValue
            ? new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue }
            : Number(name, defaultValue, min, max, description);

    public static Option<double> Double(string name, double defaultValue, string description, double min, double max) =>
        Number(name, defaultValue, min, max, description);

    /// <summary>A string option limited to <paramref name="choices"/>; the help lists them.</summary>
    public static Option<string> Choice(string name, string defaultValue, string description, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description}: {string.Join(", ", choices)}",
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', choices),
        };
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (Array.IndexOf(choices, value) < 0)
            {
                result.AddError($"{name} must be one of {string.Join(", ", choices)}, not '{value}'.");
            }
        });
        return option;
    }

    public static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, Required = true, HelpName = helpName };

    public static Option<string?> Optional(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName };

    public static Option<string> Text(string name, string defaultValue, string description, string helpName) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = helpName };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, DefaultValueFactory = _ => false };

    /// <summary>The names of those <paramref name="options"/> the command line gave (not left to their defaults).</summary>
    public static IReadOnlyList<string> Given(ParseResult result, IEnumerable<Option> options)
    {
        var given = new List<string>();
        foreach (Option option in options)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                given.Add(option.Name);
            }
        }

        return given;
    }
}
