using System.Globalization;
using System.Numerics;

namespace Recommender.TrainingJob.Commands;

/// <summary>Parses <c>--name value</c> and <c>--flag</c> arguments of one sub-command, with clear errors.</summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandArguments(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? pending = null;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = null;
                }

                pending = arg[2..];
                if (pending.Length == 0)
                {
                    throw new UsageException("Empty option name '--'.");
                }

                if (_values.ContainsKey(pending))
                {
                    throw new UsageException($"Option --{pending} is given twice.");
                }
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new UsageException($"Unexpected argument '{arg}'; options look like --name value.");
            }
        }

        if (pending is not null)
        {
            _values[pending] = null;
        }
    }

    public bool Has(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out string? value))
        {
            return false;
        }

        return value is null || value is "true" or "1" or "yes"
            ? true
            : value is "false" or "0" or "no" ? false : throw new UsageException($"--{name} takes no value (or true/false), not '{value}'.");
    }

    public string? String(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out string? value))
        {
            return null;
        }

        return value ?? throw new UsageException($"--{name} needs a value.");
    }

    public string RequiredString(string name) => String(name) ?? throw new UsageException($"--{name} is required.");

    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        Number(name, defaultValue, min, max, NumberStyles.Integer, "an integer");

    public double Double(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue) =>
        Number(name, defaultValue, min, max, NumberStyles.Float, "a number");

    // NaN and infinities are never valid option values.
    private T Number<T>(string name, T defaultValue, T min, T max, NumberStyles styles, string kind)
        where T : INumber<T>
    {
        string? text = String(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!T.TryParse(text, styles, CultureInfo.InvariantCulture, out T? value) || !(value >= min && value <= max) || !T.IsFinite(value))
        {
            throw new UsageException($"--{name} must be {kind} between {min} and {max}, not '{text}'.");
        }

        return value;
    }

    /// <summary>Fails on any option the command never asked for, so typos do not pass silently.</summary>
    public void ThrowOnUnknown()
    {
        foreach (string name in _values.Keys)
        {
            if (!_used.Contains(name))
            {
                throw new UsageException($"Unknown option --{name}.");
            }
        }
    }
}

/// <summary>A command-line mistake; the message is shown to the user as is, with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
