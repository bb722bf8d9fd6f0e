/* Wagtail's date pickers (the jQuery "xdsoft" datetimepicker), when a field is left, replace a
   value they cannot read with the current date and roll 31/02 over into March. Leave what was
   typed alone instead: the server reads dd/mm/yyyy, or says on the field what is wrong.
   Loaded before the page's pickers are made (the insert_global_admin_js hook). */
if (window.jQuery && window.jQuery.fn.datetimepicker) {
  window.jQuery.fn.datetimepicker.defaults.validateOnBlur = false;
}
