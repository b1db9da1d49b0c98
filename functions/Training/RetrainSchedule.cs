using NCrontab;

namespace Recommender.Functions.Training;

/// <summary>The RetrainSchedule setting: a six-field NCRONTAB (second minute hour day month weekday), evaluated in UTC like the Functions host.</summary>
public sealed class RetrainSchedule
{
    private readonly CrontabSchedule _schedule;

    private RetrainSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    /// <summary>Parses the expression or says what is wrong with it, naming the setting.</summary>
    public static bool TryParse(string? expression, out RetrainSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        string text = expression?.Trim() ?? string.Empty;
        int fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        CrontabSchedule? parsed = fields == 6 ? CrontabSchedule.TryParse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) : null;
        if (parsed is null)
        {
            error = $"RetrainSchedule '{expression}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. '0 0 3 * * *' for 03:00 UTC daily" +
                (fields == 6 ? "." : $"; it has {fields} fields.");
            return false;
        }

        schedule = new RetrainSchedule(text, parsed);
        return true;
    }

    /// <summary>Parses the expression; <see cref="FormatException"/> with the reason when invalid.</summary>
    public static RetrainSchedule Parse(string? expression) =>
        TryParse(expression, out RetrainSchedule? schedule, out string? error) ? schedule! : throw new FormatException(error);

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
