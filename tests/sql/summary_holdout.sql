-- kundenwert summarize --holdout-start $holdout_start --end $end_date, in weeks:
-- the calibration period ends the day before $holdout_start
WITH days AS (
  -- purchase days up to the end: orders (amount >= 0), those of one day as one purchase
  SELECT customer_id, date AS day, SUM(amount) AS spend
  FROM orders
  WHERE amount >= 0 AND date <= $end_date
  GROUP BY customer_id, date
), seen AS (
  -- kundenwert lists the customers in the order of their first row
  SELECT customer_id, MIN(line) AS first_line
  FROM orders
  GROUP BY customer_id
), calibration AS (
  SELECT customer_id,
         COUNT(*) - 1                                          AS frequency,
         date_diff('day', MIN(day), MAX(day)) / 7              AS recency,
         (date_diff('day', MIN(day), $holdout_start) - 1) / 7  AS T,
         COALESCE((SUM(spend) - min_by(spend, day)) / NULLIF(COUNT(*) - 1, 0), 0) AS monetary_value
  FROM days
  WHERE day < $holdout_start
  GROUP BY customer_id
), holdout AS (
  SELECT customer_id, COUNT(*) AS holdout_purchases, SUM(spend) AS holdout_spend
  FROM days
  WHERE day >= $holdout_start
  GROUP BY customer_id
)
SELECT customer_id, frequency, recency, T, monetary_value,
       COALESCE(holdout_purchases, 0) AS holdout_purchases,
       COALESCE(holdout_spend, 0)     AS holdout_spend
FROM calibration JOIN seen USING (customer_id) LEFT JOIN holdout USING (customer_id)
ORDER BY first_line;
