/** The city admin's pages for the city's programme registry (制度の管理): list, edit, try, publish, history, template updates. */
package jp.kyodo.admin.programmes;
