namespace Ehi.Simulate.Load;

/// <summary>A once-a-second snapshot for the live progress line.</summary>
/// <param name="Elapsed">Time since the start (warm-up included).</param>
/// <param name="Sent">Messages sent so far.</param>
/// <param name="Errors">Errors so far.</param>
/// <param name="Rate">Answers per second over the last second.</param>
public sealed record LoadProgress(TimeSpan Elapsed, long Sent, long Errors, double Rate);
