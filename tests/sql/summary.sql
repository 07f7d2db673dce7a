-- kundenwert summarize --end $end_date, in weeks
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
)
SELECT customer_id,
       COUNT(*) - 1                              AS frequency,
       date_diff('day', MIN(day), MAX(day)) / 7  AS recency,
       date_diff('day', MIN(day), $end_date) / 7 AS T,
       -- mean spend of the purchase days after the first
       COALESCE((SUM(spend) - min_by(spend, day)) / NULLIF(COUNT(*) - 1, 0), 0) AS monetary_value
FROM days JOIN seen USING (customer_id)
GROUP BY customer_id, first_line
ORDER BY first_line;
