using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Feedback;

/// <summary>
/// The FeedbackTimelineRetentionDays setting: how long the feedback timeline keeps an hour. Checked at startup: a
/// whole number of days, at least one, and longer than what a refresh reads back (FeedbackCacheSeconds plus the
/// read overlap), so pruning never deletes an hour a reader still asks for.
/// </summary>
public sealed class FeedbackTimelineRetention : IValidateOptions<RecommenderOptions>
{
    public const string SettingName = "FeedbackTimelineRetentionDays";

    /// <summary>Longest retention accepted (ten years): beyond it the setting is surely a mistake.</summary>
    public const int MaxDays = 3650;

    /// <summary>The retention of <paramref name="options"/> as a span of time.</summary>
    public static TimeSpan Of(RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TimeSpan.FromDays(options.FeedbackTimelineRetentionDays);
    }

    public ValidateOptionsResult Validate(string? name, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.FeedbackTimelineRetentionDays is < 1 or > MaxDays)
        {
            return ValidateOptionsResult.Fail($"{SettingName} is {options.FeedbackTimelineRetentionDays}: it must be a whole number of days from 1 to {MaxDays}.");
        }

        TimeSpan readBack = TimeSpan.FromSeconds(options.FeedbackCacheSeconds) + FeedbackIndex.Overlap;
        return Of(options) > readBack
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SettingName} ({options.FeedbackTimelineRetentionDays}) must be longer than FeedbackCacheSeconds plus the {FeedbackIndex.Overlap.TotalMinutes:0}-minute read overlap ({readBack}).");
    }
}
