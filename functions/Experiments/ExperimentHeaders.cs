namespace Recommender.Functions.Experiments;

/// <summary>Response headers that say which variant served a list, and whether it fell back to the active model.</summary>
public static class ExperimentHeaders
{
    /// <summary>The user's variant; absent when no experiment runs.</summary>
    public const string Variant = "X-Experiment-Variant";

    /// <summary><c>active-model</c> when the variant's model could not be loaded and the active model served instead.</summary>
    public const string Fallback = "X-Experiment-Fallback";

    public const string FallbackValue = "active-model";

    public static void Apply(HttpResponse response, ServedBy served)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(served);
        if (served.Variant is not null)
        {
            response.Headers[Variant] = served.Variant;
        }

        if (served.FellBack)
        {
            response.Headers[Fallback] = FallbackValue;
        }
    }
}
