using System.CommandLine;
using System.Globalization;
using Recommender.Core.Data;

namespace Recommender.TrainingJob.Commands;

/// <summary>The row rules of <c>train</c>: the accepted rating range and id pattern (rejects are counted and reported).</summary>
internal sealed class DataRulesOptionSet
{
    private readonly Option<(double Min, double Max)?> _ratingRange = new("--rating-range")
    {
        Description = "Accepted ratings MIN:MAX, both ends included (e.g. 0.5:5); rows outside are rejected and counted. Default: 0.5:5 for MovieLens files, unbounded otherwise",
        HelpName = "MIN:MAX",
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (TryParseRange(text) is { } range)
            {
                return range;
            }

            result.AddError($"--rating-range takes MIN:MAX with MIN <= MAX (e.g. 0.5:5), not '{text}'.");
            return null;
        },
    };

    private readonly Option<string?> _idPattern = CliOptions.Optional(
        "--id-pattern",
        "Regular expression every user and item id must match in full, e.g. '[0-9]+' (numeric ids only) or '.+' (allows spaces). Default: no white space inside an id and no negative integers. Control characters are always rejected",
        "REGEX");

    public DataRulesOptionSet()
    {
        _idPattern.Validators.Add(result =>
        {
            string? pattern = result.GetValueOrDefault<string?>();
            if (pattern is null)
            {
                return;
            }

            try
            {
                IdRule.Pattern(pattern);
            }
            catch (ArgumentException ex)
            {
                result.AddError($"--id-pattern: {ex.Message.ReplaceLineEndings(" ")}");
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_ratingRange);
        command.Options.Add(_idPattern);
    }

    /// <summary>The loader options with the rules applied.</summary>
    public RatingsLoadOptions Apply(ParseResult result, RatingsLoadOptions loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        string? pattern = result.GetValue(_idPattern);
        var range = result.GetValue(_ratingRange);
        return loader with
        {
            MinValue = range?.Min ?? loader.MinValue,
            MaxValue = range?.Max ?? loader.MaxValue,
            Ids = pattern is null ? loader.Ids : IdRule.Pattern(pattern),
        };
    }

    private static (double Min, double Max)? TryParseRange(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !double.TryParse(text.AsSpan(0, colon), NumberStyles.Float, CultureInfo.InvariantCulture, out double min)
            || !double.TryParse(text.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double max)
            || !double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            return null;
        }

        return (min, max);
    }
}
