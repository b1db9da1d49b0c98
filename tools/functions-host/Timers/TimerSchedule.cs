using System.Globalization;
using NCrontab;

namespace Recommender.FunctionsHost.Timers;

/// <summary>
/// A timer trigger's schedule: NCRONTAB with seconds (6 fields, <c>0 0 3 * * *</c>), classic cron (5 fields), or a
/// fixed interval (<c>00:05:00</c>), as the Functions timer accepts. Occurrences are in UTC.
/// </summary>
internal sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;

    private TimerSchedule(string expression, CrontabSchedule? cron, TimeSpan interval)
    {
        Expression = expression;
        _cron = cron;
        _interval = interval;
    }

    public string Expression { get; }

    public static TimerSchedule Parse(string expression)
    {
        string text = expression.Trim();
        int fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields == 1 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(text, null, interval);
        }

        if (fields is not (5 or 6))
        {
            throw new FormatException($"'{expression}' is not an NCRONTAB schedule (6 fields with seconds, or 5) nor an interval (hh:mm:ss).");
        }

        CrontabSchedule? cron = CrontabSchedule.TryParse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        return cron is null
            ? throw new FormatException($"'{expression}' is not a valid NCRONTAB schedule.")
            : new TimerSchedule(text, cron, TimeSpan.Zero);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        if (_cron is null)
        {
            return after + _interval;
        }

        DateTime next = _cron.GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }
}
