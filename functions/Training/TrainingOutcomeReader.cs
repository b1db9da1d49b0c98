using System.Text.Json;

namespace Recommender.Functions.Training;

/// <summary>Reads the one JSON object <c>training-job train</c> prints on stdout (version, promoted, reason).</summary>
public static class TrainingOutcomeReader
{
    public static TrainingResult Read(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(stdout);
            JsonElement root = doc.RootElement;
            string? version = root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            bool? promoted = root.TryGetProperty("promoted", out JsonElement p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null;
            string? reason = root.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return version is null
                ? TrainingResult.Failure("training-job exited with code 0 but its output names no version.")
                : new TrainingResult(true, version, promoted, reason);
        }
        catch (JsonException ex)
        {
            return TrainingResult.Failure($"training-job exited with code 0 but its output is not the expected JSON: {ex.Message}");
        }
    }
}
