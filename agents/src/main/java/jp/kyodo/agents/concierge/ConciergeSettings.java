package jp.kyodo.agents.concierge;

import jp.kyodo.agents.retrieval.Calibration;
import java.time.Duration;

/**
 * How the concierge decides between answering, asking which entry was meant (clarifying) and handing over.
 *
 * @param answerThreshold       the deployment's answer threshold (0.80, chosen on the demo dev split); a city's own
 *                              threshold ({@link Calibration#answerThreshold}) is never higher
 * @param passages              how many retrieved passages an {@link AnswerGenerator} receives
 * @param generatorTimeout      upper bound for the LLM path; after it the retrieval answer is used
 * @param minSelfTop1           a city's threshold is lowered only when at least this share of its self-retrieval
 *                              queries found their own entry
 * @param probeQuantile         which quantile of the out-of-scope probes' confidences the threshold stays above
 * @param probeMargin           added to that probe quantile
 * @param calibrationFloor      no city's threshold goes below this
 * @param minCalibrationQueries fewer self-retrieval queries than this (a tiny knowledge base): no calibration
 * @param clarifyBand           below the city's threshold by at most this much, close candidates are offered as choices
 * @param clarifyRatio          a candidate is "close" when its fused score is at least this share of the first's
 * @param closeAnswerRatio      above the threshold, a second candidate this close makes the concierge ask instead of
 *                              answering (values above 1 switch this off)
 * @param clarifyProbeQuantile  choices are offered only above this quantile of the city's own out-of-scope probes
 *                              too (its calibration; a negative value switches this off), so that the band below a
 *                              city's threshold where it asks "which of these?" follows that city's scale
 * @param choiceOdds            a question handed over for low confidence alone, whose words read like the city's own
 *                              knowledge at least this much ({@code KnowledgeIndex#readsLikeTheCity}), is offered the
 *                              first FAQ candidates as choices (session 19; {@code NaN} switches this off)
 * @param choiceOddsBand        … when its confidence is at most this far below the city's threshold
 * @param clearLeadRatio        inside the clarification band, a first FAQ candidate whose runner-up scores below this
 *                              share of its score is answered instead of offered as a choice or handed over — when
 *                              the question reads like the city's own knowledge ({@code clearLeadOdds}) and has no
 *                              out-of-scope cue (session 28; 0 switches this off, as does
 *                              {@code -Dkyodo.concierge.clearLead=false})
 * @param clearLeadOdds         … at least this much ({@code KnowledgeIndex#readsLikeTheCity})
 */
public record ConciergeSettings(double answerThreshold, int passages, Duration generatorTimeout, double minSelfTop1,
                                double probeQuantile, double probeMargin, double calibrationFloor,
                                int minCalibrationQueries, double clarifyBand, double clarifyRatio,
                                double closeAnswerRatio, double clarifyProbeQuantile, double choiceOdds,
                                double choiceOddsBand, double clearLeadRatio, double clearLeadOdds) {
    public ConciergeSettings {
        if (answerThreshold < 0 || answerThreshold > 1) {
            throw new IllegalArgumentException("answerThreshold must be in [0,1]");
        }
        passages = passages <= 0 ? 3 : passages;
        generatorTimeout = generatorTimeout == null ? Duration.ofSeconds(8) : generatorTimeout;
    }

    public ConciergeSettings(double answerThreshold, int passages, Duration generatorTimeout) {
        this(answerThreshold, passages, generatorTimeout, DEFAULTS.minSelfTop1, DEFAULTS.probeQuantile,
                DEFAULTS.probeMargin, DEFAULTS.calibrationFloor, DEFAULTS.minCalibrationQueries, DEFAULTS.clarifyBand,
                DEFAULTS.clarifyRatio, DEFAULTS.closeAnswerRatio, DEFAULTS.clarifyProbeQuantile, DEFAULTS.choiceOdds,
                DEFAULTS.choiceOddsBand, DEFAULTS.clearLeadRatio, DEFAULTS.clearLeadOdds);
    }

    private static final ConciergeSettings DEFAULTS = new ConciergeSettings(0.80, 3, Duration.ofSeconds(8),
            0.80, 0.95, 0.00, 0.50, 20, 0.20, 0.60, 1.5, -1, 0.30, 0.40,
            "false".equals(System.getProperty("kyodo.concierge.clearLead")) ? 0 : 0.80, 0.30);

    public static ConciergeSettings defaults() {
        return DEFAULTS;
    }

    public ConciergeSettings withGeneratorTimeout(Duration d) {
        return new ConciergeSettings(answerThreshold, passages, d, minSelfTop1, probeQuantile, probeMargin,
                calibrationFloor, minCalibrationQueries, clarifyBand, clarifyRatio, closeAnswerRatio, clarifyProbeQuantile,
                choiceOdds, choiceOddsBand, clearLeadRatio, clearLeadOdds);
    }

    public ConciergeSettings withThreshold(double t) {
        return new ConciergeSettings(t, passages, generatorTimeout, minSelfTop1, probeQuantile, probeMargin,
                calibrationFloor, minCalibrationQueries, clarifyBand, clarifyRatio, closeAnswerRatio, clarifyProbeQuantile,
                choiceOdds, choiceOddsBand, clearLeadRatio, clearLeadOdds);
    }

    /** Other calibration and clarification knobs (the benchmark's leave-one-knowledge-base-out tuning). */
    public ConciergeSettings withCalibration(double minSelfTop1, double probeQuantile, double probeMargin,
                                             double calibrationFloor, double clarifyBand, double clarifyRatio,
                                             double closeAnswerRatio) {
        return new ConciergeSettings(answerThreshold, passages, generatorTimeout, minSelfTop1, probeQuantile,
                probeMargin, calibrationFloor, minCalibrationQueries, clarifyBand, clarifyRatio, closeAnswerRatio, clarifyProbeQuantile,
                choiceOdds, choiceOddsBand, clearLeadRatio, clearLeadOdds);
    }

    /** Choices only above this quantile of the city's out-of-scope probes as well (negative = off). */
    public ConciergeSettings withClarifyProbeQuantile(double q) {
        return new ConciergeSettings(answerThreshold, passages, generatorTimeout, minSelfTop1, probeQuantile,
                probeMargin, calibrationFloor, minCalibrationQueries, clarifyBand, clarifyRatio, closeAnswerRatio, q, choiceOdds,
                choiceOddsBand, clearLeadRatio, clearLeadOdds);
    }

    /** Choices for a question that reads like the city's knowledge (odds ≥ {@code odds}, {@code NaN} = off) within {@code band}. */
    public ConciergeSettings withChoiceOdds(double odds, double band) {
        return new ConciergeSettings(answerThreshold, passages, generatorTimeout, minSelfTop1, probeQuantile,
                probeMargin, calibrationFloor, minCalibrationQueries, clarifyBand, clarifyRatio, closeAnswerRatio,
                clarifyProbeQuantile, odds, band, clearLeadRatio, clearLeadOdds);
    }

    /** A clear first candidate inside the band answered (runner-up below {@code ratio} × the first, 0 = off) when the question's odds are ≥ {@code odds}. */
    public ConciergeSettings withClearLead(double ratio, double odds) {
        return new ConciergeSettings(answerThreshold, passages, generatorTimeout, minSelfTop1, probeQuantile,
                probeMargin, calibrationFloor, minCalibrationQueries, clarifyBand, clarifyRatio, closeAnswerRatio,
                clarifyProbeQuantile, choiceOdds, choiceOddsBand, ratio, odds);
    }

    /** Without per-city calibration (every city gets {@link #answerThreshold}; for comparison). */
    public ConciergeSettings uncalibrated() {
        return new ConciergeSettings(answerThreshold, passages, generatorTimeout, minSelfTop1, probeQuantile,
                probeMargin, calibrationFloor, Integer.MAX_VALUE, clarifyBand, clarifyRatio, closeAnswerRatio, clarifyProbeQuantile,
                choiceOdds, choiceOddsBand, clearLeadRatio, clearLeadOdds);
    }
}
