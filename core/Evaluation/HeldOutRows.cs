namespace Recommender.Core.Evaluation;

/// <summary>Builds the train/validation/test row arrays from per-row held-out marks.</summary>
internal static class HeldOutRows
{
    public const byte Train = 0;
    public const byte Validation = 1;
    public const byte Test = 2;

    public static EvaluationSplit ToSplit(string protocol, float minRating, byte[] marks)
    {
        int validation = 0;
        int test = 0;
        foreach (byte mark in marks)
        {
            validation += mark == Validation ? 1 : 0;
            test += mark == Test ? 1 : 0;
        }

        var trainRows = new int[marks.Length - validation - test];
        var validationRows = new int[validation];
        var testRows = new int[test];
        int t = 0;
        int v = 0;
        int h = 0;
        for (int row = 0; row < marks.Length; row++)
        {
            switch (marks[row])
            {
                case Validation:
                    validationRows[v++] = row;
                    break;
                case Test:
                    testRows[h++] = row;
                    break;
                default:
                    trainRows[t++] = row;
                    break;
            }
        }

        return new EvaluationSplit(protocol, minRating, trainRows, validationRows, testRows);
    }
}
